// Scaffolding: filled in by issue 5's web work (docs/api-review.md).
export default function Page() {
  return null;
}
