export const ROLES = ['operator', 'supervisor', 'risk', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the token's subject is the actor recorded on every event. */
export interface Principal {
  sub: string;
  roles: Role[];
}
