/** A page not built yet. */
export function Placeholder({ title }: { title: string }) {
  return <h1>{title}</h1>;
}
