/** A seeded generator of numbers in [0, 1): the random streams are the same on every run. */
export function generator(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 4294967296
  }
}
