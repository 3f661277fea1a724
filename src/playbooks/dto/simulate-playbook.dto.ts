import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { CardDto } from '../../common/card.dto.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../catalog/incident-context.js';
import { LOCALES, type Locale } from '../playbook.definition.js';

export const MAX_SIMULATED_EVENTS = 200;

export class SimulatedEventDto {
  @Matches(/^[A-Z][A-Z_]{0,63}$/, { message: 'type must be an event name such as IDENTITY_VERIFIED' })
  type: string;

  @IsOptional()
  @IsObject({ message: 'data must be an object' })
  data?: Record<string, unknown>;
}

export class SimulatePlaybookDto {
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;

  /** Where the customer wants to hear from us; scripts and notifications name it. */
  @IsOptional()
  @IsIn(CONTACT_CHANNELS, { message: `contactChannel must be one of ${CONTACT_CHANNELS.join(', ')}` })
  contactChannel?: ContactChannel;

  /** Defaults to three demo cards. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CardDto)
  cards?: CardDto[];

  @IsArray({ message: 'events must be a list of { type, data? }' })
  @ArrayMaxSize(MAX_SIMULATED_EVENTS, { message: `events may hold at most ${MAX_SIMULATED_EVENTS} events` })
  @ValidateNested({ each: true })
  @Type(() => SimulatedEventDto)
  events: SimulatedEventDto[];
}
