import { IsIn, IsOptional } from 'class-validator';
import { LOCALES, type Locale } from '../playbook.definition.js';

export class DiagramQueryDto {
  /** The language of the step titles; English by default. */
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;
}
