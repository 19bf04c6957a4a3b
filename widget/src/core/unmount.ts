// Its own module so the npm entry's type declarations need nothing but this and events.ts
// (mount.tsx's declarations name Preact's types, which the published package does not ship).
/** Removes a mounted form. */
export type Unmount = () => void;
