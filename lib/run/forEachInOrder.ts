/**
 * Ordered read-ahead over store objects.
 *
 * @module
 */

/**
 * Loads each item with up to `prefetch` loads in flight and hands the values
 * to `consume` in item order, so at most `prefetch` loaded values are held.
 *
 * @example
 * await forEachInOrder(targets, (t) => getResults(store, scanId, t), (results) => count(results), 8);
 */
const forEachInOrder = async <T, V>(
  items: readonly T[],
  load: (item: T) => Promise<V>,
  consume: (value: V, item: T) => void | Promise<void>,
  prefetch: number,
): Promise<void> => {
  const pending: { item: T; value: Promise<V> }[] = [];
  let next = 0;
  const fill = (): void => {
    while (pending.length < prefetch && next < items.length) {
      const item = items[next] as T;
      next += 1;
      const value = load(item);
      // Awaited below in order; this only keeps an early rejection of a
      // later item from being reported as unhandled.
      value.catch(() => undefined);
      pending.push({ item, value });
    }
  };
  fill();
  while (pending.length > 0) {
    const head = pending.shift() as { item: T; value: Promise<V> };
    const value = await head.value;
    fill();
    await consume(value, head.item);
  }
};

/**
 * The values of {@link forEachInOrder} as an async iteration: each item
 * loaded with up to `prefetch` loads in flight, yielded in item order, so a
 * streamed writer can pull them.
 *
 * @example
 * for await (const results of mapInOrder(targets, (t) => getResults(store, scanId, t), 8)) write(results);
 */
async function* mapInOrder<T, V>(
  items: readonly T[],
  load: (item: T) => Promise<V>,
  prefetch: number,
): AsyncGenerator<V> {
  const pending: Promise<V>[] = [];
  let next = 0;
  const fill = (): void => {
    while (pending.length < prefetch && next < items.length) {
      const value = load(items[next] as T);
      next += 1;
      // Awaited below in order; this only keeps an early rejection of a
      // later item (or of one left behind when the reader stops) from being
      // reported as unhandled.
      value.catch(() => undefined);
      pending.push(value);
    }
  };
  fill();
  while (pending.length > 0) {
    const value = await (pending.shift() as Promise<V>);
    fill();
    yield value;
  }
}

export { forEachInOrder, mapInOrder };
