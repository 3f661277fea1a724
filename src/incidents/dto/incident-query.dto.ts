import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { CUSTOMER_REF, CUSTOMER_REF_MESSAGE, IsNotCardNumber } from '../../common/is-card-ref.validator.js';
import type { IncidentStatus } from '../incident.entity.js';

export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['open', 'resolved', 'cancelled'];
export const INCIDENT_SORTS = ['openedAt', '-openedAt', 'updatedAt', '-updatedAt'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/** `?status=open&status=resolved` and `?status=open,resolved` mean the same. */
const toList = ({ value }: { value: unknown }) => (value === undefined ? undefined : [value].flat().flatMap((v) => String(v).split(',')).filter(Boolean));
const OPERATOR_ID = /^[^\s]{1,128}$/;

/** The filters of the incident list and its live stream; every one optional, combined with AND. */
export class IncidentFiltersDto {
  @IsOptional()
  @Transform(toList)
  @IsIn(INCIDENT_STATUSES, { each: true, message: `status must be one or more of ${INCIDENT_STATUSES.join(', ')}` })
  status?: IncidentStatus[];

  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'playbook must be a playbook id such as stolen-wallet' })
  playbook?: string;

  @IsOptional()
  @Matches(CUSTOMER_REF, { message: `customerRef ${CUSTOMER_REF_MESSAGE}` })
  @IsNotCardNumber()
  customerRef?: string;

  /** Only with customerRef: the last four digits alone find too many people's cards. */
  @IsOptional()
  @Matches(/^[0-9]{4}$/, { message: 'last4 must be the last 4 digits of a card' })
  last4?: string;

  @IsOptional()
  @IsIn(['me'], { message: 'openedBy must be me' })
  openedBy?: 'me';

  /** `me`, or an operator's id. */
  @IsOptional()
  @Matches(OPERATOR_ID, { message: 'assignedTo must be me or an operator id (no spaces, at most 128 characters)' })
  @IsNotCardNumber()
  assignedTo?: string;

  /** Only incidents with a given-up effect or an open supervisor alert. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'attention must be true or false' })
  attention?: boolean;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'callbackDueBefore must be an ISO-8601 date and time' })
  callbackDueBefore?: string;

  /** Opened at or after this moment. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'openedFrom must be an ISO-8601 date and time' })
  openedFrom?: string;

  /** Opened before this moment. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'openedTo must be an ISO-8601 date and time' })
  openedTo?: string;
}

/** A page of the incident list. */
export class IncidentQueryDto extends IncidentFiltersDto {
  @IsOptional()
  @IsIn(INCIDENT_SORTS, { message: `sort must be one of ${INCIDENT_SORTS.join(', ')}` })
  sort: IncidentSort = '-openedAt';

  /** `nextCursor` of the previous page, as given. */
  @IsOptional()
  @MaxLength(200, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit: number = 25;
}
