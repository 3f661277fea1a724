import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The customer's answer to the follow-up, as the survey channel (or an operator) records it. */
export class FeedbackDto {
  @IsInt({ message: 'score must be a whole number from 1 to 5' })
  @Min(1, { message: 'score must be a whole number from 1 to 5' })
  @Max(5, { message: 'score must be a whole number from 1 to 5' })
  score: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string | null;
}
