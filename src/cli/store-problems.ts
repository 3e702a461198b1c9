/** SQLite's error codes as a person would say them: what is wrong with the store's disk, and what to do. */
export function storeProblem(error: unknown, dbPath: string): string | undefined {
  const code = (error as { code?: unknown })?.code;
  if (error instanceof Error && error.name === 'StoreVersionError') return error.message;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC')
    return `the disk holding the store (${dbPath}) is full: free some space and try again. Nothing was lost; this change was not saved.`;
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES')
    return `the store (${dbPath}) is read-only (file, folder or disk): commands that change it cannot run. Read-only commands such as ask "search …" still answer.`;
  if (code === 'SQLITE_CANTOPEN') return `cannot open the store at ${dbPath}: check that its folder exists and is readable.`;
  return undefined;
}
