import { IsOptional, Matches } from 'class-validator';
import { IsNotCardNumber } from '../../common/is-card-ref.validator.js';

export class AssignIncidentDto {
  /** The operator's id (their token subject); left out, the caller takes the incident. */
  @IsOptional()
  @Matches(/^[^\s]{1,128}$/, { message: 'operator must be an operator id (no spaces, at most 128 characters)' })
  @IsNotCardNumber()
  operator?: string;
}
