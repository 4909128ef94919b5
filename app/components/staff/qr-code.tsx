// QR codes drawn as inline SVG elements from the paths the `qrcode` library produces, so
// the packing slip needs no image requests and no raw HTML injection.

export interface QrShape {
  viewBox: string;
  paths: { d: string; fill?: string; stroke?: string }[];
}

const VIEWBOX = /viewBox="([\d.\s]+)"/;
const PATH = /<path\s+([^>]*?)\/?>/g;
const ATTRIBUTE = /(fill|stroke|d)="([^"]*)"/g;

/** Reads the viewBox and paths out of qrcode's SVG string (its fixed, simple output). */
export function qrShapeFromSvg(svg: string): QrShape {
  const viewBox = VIEWBOX.exec(svg)?.[1] ?? "0 0 0 0";
  const paths: QrShape["paths"] = [];
  for (const [, attributes] of svg.matchAll(PATH)) {
    const path: { d: string; fill?: string; stroke?: string } = { d: "" };
    for (const [, name, value] of (attributes ?? "").matchAll(ATTRIBUTE)) {
      if (name === "d" || name === "fill" || name === "stroke") path[name] = value ?? "";
    }
    // Only drawing commands and numbers: anything else is not qrcode's output.
    if (/^[MmHhVvLlZz\d.\s-]*$/.test(path.d)) paths.push(path);
  }
  return { viewBox, paths };
}

export function QrCode({ shape, label, size = 96 }: { shape: QrShape; label: string; size?: number }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={shape.viewBox}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      role="img"
      aria-label={label}
      className="qr-code"
    >
      {shape.paths.map((path, index) => (
        <path key={index} d={path.d} fill={path.fill ?? "none"} stroke={path.stroke} />
      ))}
    </svg>
  );
}
