import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { CUSTOMER_REF, CUSTOMER_REF_MESSAGE, IsCardRef, IsNotCardNumber } from '../../common/is-card-ref.validator.js';
import { CARD_ACTION_RESULTS, CARD_ACTIONS, type CardAction, type CardActionResult } from '../card-action.entity.js';

/** Filters of the card-action trail; every one optional, all of them combined with AND. */
export class CardActionFiltersDto {
  /** From this moment on (inclusive). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date and time' })
  from?: string;

  /** Up to this moment (exclusive). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date and time' })
  to?: string;

  @IsOptional()
  @IsCardRef()
  cardRef?: string;

  @IsOptional()
  @Matches(CUSTOMER_REF, { message: `customerRef ${CUSTOMER_REF_MESSAGE}` })
  @IsNotCardNumber()
  customerRef?: string;

  /** A token subject, or a system id such as system:lifeline-worker. */
  @IsOptional()
  @Matches(/^[^\s]{1,128}$/, { message: 'actor must be a user or system id (no spaces, at most 128 characters)' })
  @IsNotCardNumber()
  actor?: string;

  @IsOptional()
  @IsIn(CARD_ACTIONS, { message: `action must be one of ${CARD_ACTIONS.join(', ')}` })
  action?: CardAction;

  @IsOptional()
  @IsIn(CARD_ACTION_RESULTS, { message: `result must be one of ${CARD_ACTION_RESULTS.join(', ')}` })
  result?: CardActionResult;

  @IsOptional()
  @IsUUID('all', { message: 'incidentId must be an incident id (a UUID)' })
  incidentId?: string;
}

/** A page of the trail: the filters, plus where the previous page ended and how many rows to return. The CSV export is not paged. */
export class CardActionQueryDto extends CardActionFiltersDto {
  /** `nextCursor` of the previous page, as given. */
  @IsOptional()
  @MaxLength(32)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  @Min(1, { message: 'limit must be a whole number from 1 to 500' })
  @Max(500, { message: 'limit must be a whole number from 1 to 500' })
  limit: number = 100;
}
