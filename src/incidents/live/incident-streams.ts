import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { concatMap, filter } from 'rxjs';
import type { IncidentFiltersDto } from '../dto/incident-query.dto.js';
import { Asker, checkFilters, IncidentSearch } from '../incident-search.js';
import type { IncidentView } from '../incident.view.js';
import { IncidentViews } from '../incident-views.js';
import { IncidentChangeFeed } from './incident-change-feed.js';
import { openEventStream } from './event-stream.js';

/** The live streams the console reads: one incident's view, or the changes to a filtered list. */
@Injectable()
export class IncidentStreams {
  constructor(
    private readonly feed: IncidentChangeFeed,
    private readonly views: IncidentViews,
    private readonly search: IncidentSearch,
  ) {}

  /**
   * The current view (unless the client's Last-Event-ID already is that version), then the new view after
   * every committed change. Listening starts before the first read, so no change falls in between.
   */
  async incident(response: Response, incidentId: string, lastEventId: string | undefined): Promise<void> {
    const changes = await this.feed.changes();
    const current = await this.views.view(incidentId); // a 404 before the stream opens
    let sent = Number.parseInt(lastEventId ?? '', 10) || 0;
    openEventStream(response, (stream) => {
      const offer = (view: IncidentView) => {
        if (view.version <= sent) return;
        sent = view.version;
        stream.send('incident', view, view.version);
      };
      offer(current);
      return changes.pipe(
        filter((c) => c.id === incidentId && c.version > sent),
        concatMap(async () => offer(await this.views.view(incidentId))),
      );
    });
  }

  /** `{ id, version, status, state }` for each committed change to an incident that matches the filters. */
  async list(response: Response, filters: IncidentFiltersDto, asker: Asker): Promise<void> {
    const changes = await this.feed.changes();
    checkFilters(filters); // bad filters answer 400 before the stream opens
    openEventStream(response, (stream) =>
      changes.pipe(
        concatMap(async (c) => {
          if (await this.search.matches(c.id, filters, asker)) stream.send('incident', { id: c.id, version: c.version, status: c.status, state: c.state });
        }),
      ),
    );
  }
}
