/**
 * Writes that would take turns on the same row anyway, written together: for each key, the first write goes at
 * once; those that arrive while it is being written wait, and go in together in the next one. Each caller's
 * promise settles with its own write. When a write of several fails, each is written again on its own, so one
 * bad item never fails the others.
 */
export class GroupCommit<T> {
  /** The keys being written, each with the group that goes next. */
  private readonly keys = new Map<string, { next: Waiting<T>[] | null }>();

  constructor(private readonly write: (key: string, items: T[]) => Promise<void>) {}

  add(key: string, item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiting = { item, resolve, reject };
      const current = this.keys.get(key);
      if (!current) return this.start(key, [waiting]);
      if (current.next) return current.next.push(waiting);
      current.next = [waiting];
    });
  }

  private start(key: string, group: Waiting<T>[]): void {
    this.keys.set(key, { next: null });
    void this.writeGroup(key, group).finally(() => {
      const { next } = this.keys.get(key)!;
      if (next) this.start(key, next);
      else this.keys.delete(key);
    });
  }

  private async writeGroup(key: string, group: Waiting<T>[]): Promise<void> {
    try {
      await this.write(
        key,
        group.map((w) => w.item),
      );
      for (const w of group) w.resolve();
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      for (const w of group) await this.write(key, [w.item]).then(w.resolve, w.reject);
    }
  }
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}
