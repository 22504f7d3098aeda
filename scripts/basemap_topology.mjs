// Build one TopoJSON topology from GeoJSON layers: shared borders once, simplified, quantised.
//
// Run by scripts/build_basemap.py (which prepares the layers and writes the files), never at
// run time. Reads a JSON job on stdin:
//   {"objects": {name: FeatureCollection}, "min_weight": w, "min_ring": a, "quantization": q}
// and writes the topology on stdout. Weights are Visvalingam's effective areas in square
// degrees (topojson-simplify's planar triangle area on longitude/latitude): a point whose
// triangle is smaller than min_weight is dropped, and so is a detached ring (an island) whose
// area is below min_ring.
import {topology} from "topojson-server";
import {presimplify, simplify, filter, filterAttachedWeight} from "topojson-simplify";
import {quantize} from "topojson-client";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));

let topo = presimplify(topology(job.objects));
if (job.min_ring > 0) topo = filter(topo, filterAttachedWeight(topo, job.min_ring));
topo = simplify(topo, job.min_weight);
topo = quantize(topo, job.quantization);
process.stdout.write(JSON.stringify(topo));
