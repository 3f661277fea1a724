import { Module } from '@nestjs/common';
import { DisputesParticipant } from './disputes.participant.js';

/** Disputed payments: tracked with the incident, read by risk (the case file, `GET /v1/audit/disputes`). */
@Module({ providers: [DisputesParticipant] })
export class DisputesModule {}
