import type { LeadStatus } from '../leads/recordReview.ts';

/**
 * The statuses a review may set from each status: new → reviewing → confirmed | dismissed; a
 * decided lead can be reopened (back to reviewing); reviewing → reviewing records a note or a
 * new assignee without deciding.
 */
export const reviewTransitions: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['reviewing'],
  reviewing: ['reviewing', 'confirmed', 'dismissed'],
  confirmed: ['reviewing'],
  dismissed: ['reviewing'],
};

/** A decision (confirmed, dismissed) or a reopening must say why: the commission reads the note, not the click. */
export const noteRequired = (from: string, to: string): boolean => to === 'confirmed' || to === 'dismissed' || (from !== 'new' && from !== 'reviewing');
