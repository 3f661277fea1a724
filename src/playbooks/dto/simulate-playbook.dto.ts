import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { IsCardRef } from '../../common/is-card-ref.validator.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../catalog/incident-context.js';
import { LOCALES, type Locale } from '../playbook.definition.js';

export const MAX_SIMULATED_EVENTS = 200;

export class SimulatedCardDto {
  @IsCardRef()
  cardRef: string;

  @Matches(/^\d{4}$/, { message: 'last4 must be exactly 4 digits' })
  last4: string;
}

export class SimulatedEventDto {
  @Matches(/^[A-Z][A-Z_]{0,63}$/, { message: 'type must be an event name such as IDENTITY_VERIFIED' })
  type: string;

  @IsOptional()
  @IsObject({ message: 'data must be an object' })
  data?: Record<string, unknown>;
}

export class SimulatePlaybookDto {
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;

  /** Where the customer wants to hear from us; scripts and notifications name it. */
  @IsOptional()
  @IsIn(CONTACT_CHANNELS, { message: `contactChannel must be one of ${CONTACT_CHANNELS.join(', ')}` })
  contactChannel?: ContactChannel;

  /** Defaults to three demo cards. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SimulatedCardDto)
  cards?: SimulatedCardDto[];

  @IsArray({ message: 'events must be a list of { type, data? }' })
  @ArrayMaxSize(MAX_SIMULATED_EVENTS, { message: `events may hold at most ${MAX_SIMULATED_EVENTS} events` })
  @ValidateNested({ each: true })
  @Type(() => SimulatedEventDto)
  events: SimulatedEventDto[];
}
