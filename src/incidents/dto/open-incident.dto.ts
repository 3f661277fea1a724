import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsTimeZone, Matches, ValidateNested } from 'class-validator';
import { CUSTOMER_REF, CUSTOMER_REF_MESSAGE, IsCardRef, IsNotCardNumber } from '../../common/is-card-ref.validator.js';
import { IsNotInFuture } from '../../common/is-not-in-future.validator.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../../playbooks/catalog/incident-context.js';
import { LOCALES, type Locale } from '../../playbooks/playbook.definition.js';
import { INCIDENT_CHANNELS, type IncidentChannel } from '../incident.entity.js';

/** How far ahead of our clock a caller's clock may run before its notifiedAt is refused. */
export const NOTIFIED_AT_CLOCK_SKEW_MS = 5 * 60_000;

/** A card as the caller names it: core banking's card ref and last 4, or only the last 4 when the ref is not to hand. */
export class NamedCardDto {
  @IsOptional()
  @IsCardRef()
  cardRef?: string;

  @Matches(/^\d{4}$/, { message: 'last4 must be exactly 4 digits' })
  last4: string;
}

export class OpenIncidentDto {
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'playbook must be a playbook id such as stolen-wallet' })
  playbook: string;

  @Matches(CUSTOMER_REF, { message: `customerRef ${CUSTOMER_REF_MESSAGE}` })
  @IsNotCardNumber()
  customerRef: string;

  @IsIn(INCIDENT_CHANNELS, { message: `channel must be one of ${INCIDENT_CHANNELS.join(', ')}` })
  channel: IncidentChannel;

  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;

  /** Where the customer wants to hear from us; defaults from the channel they came through. */
  @IsOptional()
  @IsIn(CONTACT_CHANNELS, { message: `contactChannel must be one of ${CONTACT_CHANNELS.join(', ')}` })
  contactChannel?: ContactChannel;

  /** When the customer told the bank, if earlier than now (the liability clock). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'notifiedAt must be an ISO-8601 date and time' })
  @IsNotInFuture(NOTIFIED_AT_CLOCK_SKEW_MS, { message: 'notifiedAt is in the future: it is when the customer told the bank, so it cannot be later than now' })
  notifiedAt?: string;

  /** Whose liability rules apply (a code from the jurisdiction rules, e.g. RU, EU, US); the bank's default when left out. */
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'jurisdiction must be a jurisdiction code such as RU, EU or US' })
  jurisdiction?: string;

  /** The customer's IANA time zone, for times said to them; the bank's DEFAULT_TIME_ZONE when left out. */
  @IsOptional()
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Europe/Moscow' })
  timeZone?: string;

  /**
   * Defaults to every active card of the customer at core banking. A card named by its last 4 only is
   * found among the customer's cards, or, while core banking does not answer, held as named until it does.
   */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NamedCardDto)
  cards?: NamedCardDto[];
}
