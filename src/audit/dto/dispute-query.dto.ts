import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export const DISPUTE_STATUSES = ['open', 'refunded', 'declined'] as const;

export class DisputeQueryDto {
  @IsOptional()
  @IsIn(DISPUTE_STATUSES, { message: `status must be one of ${DISPUTE_STATUSES.join(', ')}` })
  status?: (typeof DISPUTE_STATUSES)[number];

  @IsOptional()
  @IsUUID('all', { message: 'incidentId must be an incident id (a UUID)' })
  incidentId?: string;

  /** Oldest first: the payment disputed longest ago is the one whose decision is due first. */
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  @Min(1, { message: 'limit must be a whole number from 1 to 500' })
  @Max(500, { message: 'limit must be a whole number from 1 to 500' })
  limit?: number;
}
