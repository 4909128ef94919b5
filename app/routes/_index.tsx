export default function Home() {
  return <h1>山水集市</h1>;
}
