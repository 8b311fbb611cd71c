// What an analysis counts besides operations, for the warnings that say what the inputs could not show: requests
// of a kind (how many, and the first IDs), entries out of time order, requests closed early for memory.

import { detach } from '../model/detach.js';

/** Request IDs kept to show, per kind of warning. */
const SAMPLES = 3;

/** Requests of one kind that a warning counts: how many, and the first IDs (copies: they outlive their entries). */
export class RequestSample {
  count = 0;
  readonly requestIds: string[] = [];

  note(id: string): void {
    this.count++;
    if (this.requestIds.length < SAMPLES) this.requestIds.push(detach(id));
  }
}

export class AnalysisNotes {
  /** Entries that came more than the close window behind the newest one: the input was not in time order. */
  late = 0;
  /** Requests closed early to stay within the bound on held entries. */
  evicted = 0;
  /** Server actions (`POST /servers/<id>/action`) that no line names: nova-api logs the body at DEBUG only. */
  readonly unnamedActions = new RequestSample();
  /** Operations whose first lines are not in the input (rotated away). */
  readonly begunBefore = new RequestSample();
  /**
   * A user's requests that compute or the conductor logged about an instance and that have no API line among the
   * inputs (in an earlier, rotated file; or another nova-api served them): named from compute's lines alone, or
   * naming no operation. Meaningful only when an API log is given: without one, every request is such.
   */
  readonly withoutApi = { named: new RequestSample(), unnamed: new RequestSample() };
  /** Requests nova-api dispatched and never answered, with no line naming their instance: no operation can be built. */
  readonly unanswered = new RequestSample();
}
