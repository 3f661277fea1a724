/**
 * The customer's time zone, from the incident's jurisdiction (the same zones as
 * src/liability/jurisdiction-rules.yaml): promises are read out in the customer's time.
 */
const ZONES: Record<string, string> = { RU: 'Europe/Moscow', EU: 'Europe/Brussels', US: 'America/New_York' };

export const customerTimeZone = (jurisdiction: string): string | undefined => ZONES[jurisdiction];
