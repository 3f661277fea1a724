import { ArrayNotEmpty, IsArray, IsIn, Matches } from 'class-validator';
import { IsNotCardNumber } from '../../common/is-card-ref.validator.js';
import { ROLES, type Role } from '../../auth/principal.js';

export class DevTokenDto {
  /** Who the developer signs in as: the actor recorded on their events. */
  @Matches(/^[^\s]{1,128}$/, { message: 'sub must be a user id (no spaces, at most 128 characters)' })
  @IsNotCardNumber()
  sub: string;

  @IsArray({ message: `roles must be a list of ${ROLES.join(', ')}` })
  @ArrayNotEmpty({ message: 'roles must name at least one role' })
  @IsIn(ROLES, { each: true, message: `roles must be a list of ${ROLES.join(', ')}` })
  roles: Role[];
}
