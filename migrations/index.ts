import { Incidents1795420800000 } from './1795420800000-incidents.js';

/** Every migration, oldest first. Listed by hand so sources and the build load the same set. */
export const MIGRATIONS = [Incidents1795420800000];
