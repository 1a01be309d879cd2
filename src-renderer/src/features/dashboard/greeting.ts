// "Welcome back" is for someone who has been here before: the first time the dashboard opens for a
// person in a community it says "Welcome". Remembered per person and community on this computer.

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const seenKey = (userId: string, tenantId: string) => `tc.dashboard.seen:${userId}:${tenantId}`;

/** Whether this person has opened this community's dashboard before (and remembers that they now have). */
export function hasBeenHereBefore(storage: KeyValueStore | undefined, userId: string, tenantId: string): boolean {
  if (!storage) return false;
  try {
    const seen = storage.getItem(seenKey(userId, tenantId)) !== null;
    if (!seen) storage.setItem(seenKey(userId, tenantId), new Date().toISOString());
    return seen;
  } catch {
    // Storage refused (private mode, quota): a plain welcome is never wrong.
    return false;
  }
}

export function greeting(firstName: string | undefined, returning: boolean): string {
  const hello = returning ? 'Welcome back' : 'Welcome';
  return firstName ? `${hello}, ${firstName}` : hello;
}
