/** A directory that exists on a server now: its permission bits, owner and group (names, or ids when unnamed). */
export interface ExistingDir {
  readonly mode: number;
  readonly owner: string;
  readonly group: string;
}
