import { Matches } from 'class-validator';
import { IsCardRef } from './is-card-ref.validator.js';

/** A card as Lifeline knows it: core banking's ref and the last 4 digits, never the card number. */
export class CardDto {
  @IsCardRef()
  cardRef: string;

  @Matches(/^\d{4}$/, { message: 'last4 must be exactly 4 digits' })
  last4: string;
}
