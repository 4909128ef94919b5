import sharp from "sharp";
import fs from "node:fs";
const [,, file, top = "0", height = "1500"] = process.argv;
const img = sharp(file);
const meta = await img.metadata();
const h = Math.min(Number(height), meta.height - Number(top));
const out = `/tmp/shots-coop-stays/crops/${file.split("/").pop().replace(".png","")}-${top}.png`;
await sharp(file).extract({ left: 0, top: Number(top), width: meta.width, height: h }).toFile(out);
console.log(out, meta.height);
