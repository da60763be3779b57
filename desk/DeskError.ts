/** A desk request or command that cannot be done: which rule it broke, in words a user can act on. */
export class DeskError extends Error {
  constructor(
    readonly code:
      | 'bad_user_name'
      | 'bad_role'
      | 'weak_password'
      | 'user_exists'
      | 'unknown_user'
      | 'unknown_lead'
      | 'bad_transition'
      | 'note_required'
      | 'unknown_assignee',
    message: string,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}
