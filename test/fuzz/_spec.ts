/**
 * How a seed table describes a function to the fuzzer.
 */

/** A valid argument list, built fresh for every call (so no call sees another call's objects). */
export type Seed = () => readonly unknown[];

/** One function's seeds and, where the rule allows it, what it may do beyond the default. */
export interface FuzzSpec {
  /** One or more valid argument lists: each must give an ok `Result`, or a value without throwing. */
  readonly seeds: readonly Seed[];
  /**
   * Why the function hands its input back (`ok(x)`, `unwrap(r)`): NaN or Infinity in what it returns
   * may be the caller's own, so the output is not checked for them.
   */
  readonly echoes?: string;
  /**
   * Arguments that a function returning a `Result` may answer with a thrown `CrmError`, and why (its
   * TSDoc has a `@throws` line: a call no type-correct program makes, such as `fail` with an
   * undocumented code, or a schema that is not a zod schema). A hostile value anywhere else must still
   * give a `Result`.
   */
  readonly throws?: { readonly args: readonly number[]; readonly reason: string };
  /**
   * Objects that are a third party's, not data (a zod schema caches its methods on itself when first
   * used): not entered by the snapshot, so their own changes are not counted against the function.
   */
  readonly opaque?: { readonly is: (value: object) => boolean; readonly reason: string };
  /** Why the function may throw a value it was given (`unwrap` throws the error in the `Result`). */
  readonly rethrows?: string;
  /** Why a valid call gives an error `Result` (`err`, `fail`: making one is what they are for). */
  readonly validIsError?: string;
}

/** Seeds by export name. */
export type SeedTable = Readonly<Record<string, FuzzSpec>>;

/** A spec with just seeds. */
export function seeds(...list: Seed[]): FuzzSpec {
  return { seeds: list };
}
