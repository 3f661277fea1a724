/**
 * Which jurisdiction's rules a new incident runs under: the one asked for, if known, or the bank's default.
 * The liability module answers (it holds the rules), so the core opens incidents without reading them.
 */
export abstract class JurisdictionChoice {
  /** Refuses an unknown jurisdiction with a 400 naming the known ones. */
  abstract jurisdictionFor(requested?: string): string;
}
