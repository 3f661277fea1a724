import { IsInt, IsObject, IsOptional, Matches, Min } from 'class-validator';

export class SendEventDto {
  @Matches(/^[A-Z][A-Z_]{0,63}$/, { message: 'type must be an event name such as IDENTITY_VERIFIED' })
  type: string;

  /** The event's fields, as listed in `step.primary.fields` / `step.alternatives[].fields`. */
  @IsOptional()
  @IsObject({ message: 'data must be an object' })
  data?: Record<string, unknown>;

  /** The incident version the operator was looking at; a stale one gets 409. */
  @IsOptional()
  @IsInt({ message: 'expectedVersion must be an integer' })
  @Min(1)
  expectedVersion?: number;
}
