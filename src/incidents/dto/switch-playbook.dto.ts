import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsNotCardNumber } from '../../common/is-card-ref.validator.js';

/** The playbook the incident should have been opened on, and why. */
export class SwitchPlaybookDto {
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'playbook must be a playbook id such as stolen-wallet' })
  playbook: string;

  @IsString({ message: 'reason must say why the playbook is switched' })
  @MinLength(1, { message: 'reason must say why the playbook is switched' })
  @MaxLength(500)
  @IsNotCardNumber()
  reason: string;
}
