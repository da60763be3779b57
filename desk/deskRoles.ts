/** Who may do what at the desk: reviewers see and act on leads, analysts only read, admins also manage users. */
export const deskRoles = ['admin', 'reviewer', 'analyst'] as const;
export type DeskRole = (typeof deskRoles)[number];
