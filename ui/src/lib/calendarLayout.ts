// Laying out a calendar day's blocks so overlapping jobs sit side by side instead of on top
// of each other: blocks that overlap (directly or through a chain) form a group, each block
// takes the first column of its group that is free at its start, and every block of the
// group is as wide as one of the group's columns.

export type Placed<T> = { item: T; column: number; columns: number };

/** Places `items` whose minutes of the day are `span(item)` = [start, end). */
export function sideBySide<T>(items: T[], span: (item: T) => [number, number]): Placed<T>[] {
  const sorted = items
    .map((item) => ({ item, at: span(item) }))
    .sort((a, b) => a.at[0] - b.at[0] || b.at[1] - a.at[1]);
  const placed: Placed<T>[] = [];
  let group: Placed<T>[] = [];
  let columnEnds: number[] = [];
  let groupEnd = -Infinity;
  const close = () => {
    for (const p of group) p.columns = columnEnds.length;
    placed.push(...group);
    group = [];
    columnEnds = [];
  };
  for (const { item, at } of sorted) {
    const [start, end] = [at[0], Math.max(at[1], at[0] + 1)];
    if (start >= groupEnd) close();
    let column = columnEnds.findIndex((columnEnd) => columnEnd <= start);
    if (column < 0) column = columnEnds.push(end) - 1;
    else columnEnds[column] = end;
    group.push({ item, column, columns: 1 });
    groupEnd = group.length === 1 ? end : Math.max(groupEnd, end);
  }
  close();
  return placed;
}
