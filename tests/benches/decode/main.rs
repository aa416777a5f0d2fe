//! Decode and encode throughput of the generated ARTU models (`artu-api`)
//! against the same models with closed enums (issue 11, goal 3).
//!
//! `cargo bench -p artu-tests --bench decode` (add `-- <filter>` for one
//! group, `--quick` for a rough pass). Throughput is in bytes of JSON per
//! second, the same byte count for both sides of a group.
//!
//! The baseline, `closed_types.rs`, is the generator's own output for
//! `openapi/artu.yaml` with every string enum's catch-all removed, so it
//! differs from `generated/src/types.rs` only in the enums (serde's derives,
//! no `Unknown`). `xtask/tests/snapshots.rs` (`closed_enum_baseline_is_fresh`)
//! keeps it current: `UPDATE_EXPECT=1 cargo test -p xtask --test snapshots`
//! rewrites it along with the goldens.
//!
//! Two payloads, both made only of values the spec lists (the baseline
//! rejects any other):
//! - `seed`: `execution.json`, a complete execution response (every field of
//!   the schema present, as in the e2e tests), ~3 KB;
//! - `large`: built here, deterministically, ~5 MB: 1,000 nodes cycling
//!   through every node type the spec lists, 1,000 edges, 1,000 node traces
//!   with row counts, columns and SQL outputs, and produced records, files
//!   and warnings around them;
//! - `enums`: 200,000 node types in a JSON array, the enum alone (how issue
//!   11 first measured the catch-all's cost).
//!
//! Decoding is measured two ways: `serde_json::from_slice`, and the client's
//! own path (`serde_path_to_error` over a slice deserializer, as
//! `RawResponse::json` does).

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::hint::black_box;

#[allow(dead_code)] // The baseline's helpers the benchmark does not call.
mod closed_types;

use artu_api::types::WorkflowsExecutionsRetrieveResponse as Ours;
use closed_types::WorkflowsExecutionsRetrieveResponse as Closed;

/// The seed payload.
const SEED: &str = include_str!("execution.json");

/// Node traces (and nodes, and edges) in the large payload.
const NODES: usize = 1_000;

/// The wire values of the spec's node types, in spec order, from the
/// generator's IR (so the payload follows the spec).
fn node_types() -> Vec<String> {
    let root = xtask::project_root();
    let options = xtask::Options {
        spec: root.join("openapi/artu.yaml"),
        spec_display: "openapi/artu.yaml".into(),
        crate_name: "artu-api".into(),
    };
    let (api, _) = xtask::lower_spec(&options).expect("the ARTU spec lowers");
    api.types
        .iter()
        .find(|t| t.name == "NodeType")
        .and_then(|t| match &t.kind {
            xtask::ir::TypeKind::StringEnum { variants, .. } => {
                Some(variants.iter().map(|v| v.wire.clone()).collect())
            }
            _ => None,
        })
        .expect("the ARTU models have a NodeType string enum")
}

/// The large payload: the seed's top-level fields around a workflow of
/// [`NODES`] nodes. Every value is a function of its index.
fn large_payload(types: &[String]) -> Vec<u8> {
    let mut body: Value = serde_json::from_str(SEED).expect("execution.json is JSON");
    let columns: Vec<String> = (0..36).map(|c| format!("column_{c:02}")).collect();
    let mut nodes = Vec::with_capacity(NODES);
    let mut edges = Vec::with_capacity(NODES);
    let mut traces = Vec::with_capacity(NODES);
    for i in 0..NODES {
        let kind = &types[i % types.len()];
        nodes.push(json!({
            "id": format!("n{i}"),
            "type": kind,
            "data": {
                "label": format!("Step {i}: {kind}"),
                "position": {"x": (i % 40) * 220, "y": (i / 40) * 140},
                "config": {
                    "threshold": i * 10,
                    "currency": (["MXN", "USD", "EUR"][i % 3]),
                    "fields": &columns[..(i % 8) + 1],
                    "enabled": i % 5 != 0
                }
            }
        }));
        let mut edge = json!({
            "id": format!("e{i}"),
            "source": format!("n{}", i.saturating_sub(1)),
            "target": format!("n{i}"),
            "shape": if i % 3 == 0 { "object" } else { "table" }
        });
        if i % 2 == 0 {
            edge["sourceHandle"] = json!("out");
            edge["targetHandle"] = json!("in");
        }
        edges.push(edge);
        let mut outputs = Map::new();
        for (o, name) in ["output", "rejected", "audit", "summary", "sample"]
            .iter()
            .enumerate()
        {
            outputs.insert(
                (*name).to_owned(),
                json!({
                    "sql": format!(
                        "SELECT {} FROM node_{i}_{name} WHERE organization_id = $1 AND amount >= $2 AND created_at BETWEEN $3 AND $4 ORDER BY created_at DESC LIMIT {}",
                        columns.join(", "),
                        1000 + o
                    ),
                    "params": ["org_2fK9xQ", i * 100 + o, "2025-01-01T00:00:00Z", "2025-01-31T23:59:59Z", null, {"page": o, "sizes": [10, 20, 50]}]
                }),
            );
        }
        let mut trace = json!({
            "nodeId": format!("n{i}"),
            "type": kind,
            "durationMs": (i as f64) * 1.37 + 0.25,
            "rowCounts": {"output": (i * 37) % 5000, "rejected": i % 17, "audit": 1, "summary": 1, "sample": 100},
            "columns": {"output": &columns, "rejected": &columns[..8], "audit": &columns[..4], "summary": &columns[..2], "sample": &columns},
            "outputs": outputs
        });
        if i % 10 == 9 {
            trace["error"] = json!(format!("node n{i} timed out after 30s"));
            trace["skipped"] = json!(true);
        } else if i % 4 == 0 {
            trace["skipped"] = json!(false);
        }
        traces.push(trace);
    }
    body["workflowTrace"] = json!({
        "workflowSnapshot": {"nodes": nodes, "edges": edges},
        "nodeTraces": traces,
        "durationMs": 91_234.5
    });
    body["alertIds"] = json!((0..200).map(|a| format!("alt_{a:06}")).collect::<Vec<_>>());
    body["producedRecords"] = json!((0..200)
        .map(|r| json!({
            "resourceType": (["alert", "client", "transaction"][r % 3]),
            "id": format!("rec_{r:06}"),
            "label": if r % 4 == 0 { Value::Null } else { json!(format!("Record {r}")) },
            "parentClientId": if r % 2 == 0 { json!(format!("cli_{r}")) } else { Value::Null }
        }))
        .collect::<Vec<_>>());
    body["producedFiles"] = json!((0..50)
        .map(|f| json!({
            "fileId": format!("file_{f:04}"),
            "nodeId": format!("n{}", f * 20),
            "columnName": "report",
            "filename": format!("report-{f}.csv"),
            "contentType": "text/csv",
            "size": f * 4096,
            "kind": if f % 5 == 0 { "trigger_upload" } else { "produced" },
            "nodeLabel": format!("Report {f}")
        }))
        .collect::<Vec<_>>());
    body["warnings"] = json!((0..50)
        .map(|w| json!({"kind": "row_limit", "nodeId": format!("n{}", w * 20), "limit": 10000, "details": {"truncated": true}}))
        .collect::<Vec<_>>());
    serde_json::to_vec(&body).expect("a Value encodes")
}

/// Decodes as the client does: a slice deserializer under
/// `serde_path_to_error`, then the end-of-input check.
fn decode_like_client<T: DeserializeOwned>(bytes: &[u8]) -> T {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).expect("the payload decodes");
    de.end().expect("nothing after the payload");
    value
}

/// One payload's groups: decode (two ways) and encode, ours against closed.
fn payload(c: &mut Criterion, name: &str, bytes: &[u8]) {
    let ours: Ours = serde_json::from_slice(bytes).expect("ours decodes the payload");
    let closed: Closed = serde_json::from_slice(bytes).expect("closed decodes the payload");
    // Both sides must hold and write the same thing, or the comparison is moot.
    let encoded = serde_json::to_vec(&ours).unwrap();
    assert_eq!(encoded, serde_json::to_vec(&closed).unwrap());
    let large = bytes.len() > 1_000_000;

    let mut group = c.benchmark_group(format!("decode/{name}"));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    if large {
        group.sample_size(20);
    }
    group.bench_function(BenchmarkId::from_parameter("ours"), |b| {
        b.iter(|| serde_json::from_slice::<Ours>(black_box(bytes)).unwrap())
    });
    group.bench_function(BenchmarkId::from_parameter("closed"), |b| {
        b.iter(|| serde_json::from_slice::<Closed>(black_box(bytes)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group(format!("decode_client_path/{name}"));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    if large {
        group.sample_size(20);
    }
    group.bench_function(BenchmarkId::from_parameter("ours"), |b| {
        b.iter(|| decode_like_client::<Ours>(black_box(bytes)))
    });
    group.bench_function(BenchmarkId::from_parameter("closed"), |b| {
        b.iter(|| decode_like_client::<Closed>(black_box(bytes)))
    });
    group.finish();

    let mut group = c.benchmark_group(format!("encode/{name}"));
    group.throughput(Throughput::Bytes(encoded.len() as u64));
    if large {
        group.sample_size(20);
    }
    encode(&mut group, "ours", &ours, encoded.len());
    encode(&mut group, "closed", &closed, encoded.len());
    group.finish();
}

/// Times `serde_json::to_writer` into a buffer reused across iterations.
fn encode<T: Serialize>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: &str,
    value: &T,
    len: usize,
) {
    let mut buffer = Vec::with_capacity(len);
    group.bench_function(BenchmarkId::from_parameter(id), |b| {
        b.iter(|| {
            buffer.clear();
            serde_json::to_writer(&mut buffer, black_box(value)).unwrap();
            black_box(buffer.len())
        })
    });
}

/// Enums alone, as issue 11 first measured them: a JSON array of
/// [`ENUM_VALUES`] node types, every listed one in turn.
fn enum_payload(types: &[String]) -> Vec<u8> {
    let values: Vec<&String> = types.iter().cycle().take(ENUM_VALUES).collect();
    serde_json::to_vec(&values).expect("strings encode")
}

/// Values in the enums-only payload.
const ENUM_VALUES: usize = 200_000;

/// Decode and encode of the enums-only payload, ours against closed.
fn enums(c: &mut Criterion, bytes: &[u8]) {
    use artu_api::types::NodeType as OursType;
    use closed_types::NodeType as ClosedType;
    let ours: Vec<OursType> = serde_json::from_slice(bytes).unwrap();
    let closed: Vec<ClosedType> = serde_json::from_slice(bytes).unwrap();
    assert!(ours.iter().all(|t| !matches!(t, OursType::Unknown(_))));
    let mut group = c.benchmark_group("decode/enums");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    group.bench_function(BenchmarkId::from_parameter("ours"), |b| {
        b.iter(|| serde_json::from_slice::<Vec<OursType>>(black_box(bytes)).unwrap())
    });
    group.bench_function(BenchmarkId::from_parameter("closed"), |b| {
        b.iter(|| serde_json::from_slice::<Vec<ClosedType>>(black_box(bytes)).unwrap())
    });
    group.finish();
    let mut group = c.benchmark_group("encode/enums");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    encode(&mut group, "ours", &ours, bytes.len());
    encode(&mut group, "closed", &closed, bytes.len());
    group.finish();
}

fn benches(c: &mut Criterion) {
    payload(c, "seed", SEED.as_bytes());
    let types = node_types();
    payload(c, "large", &large_payload(&types));
    enums(c, &enum_payload(&types));
}

criterion_group!(decode, benches);

/// Criterion's main, or with `DECODE_BENCH_REPEAT=<payload>/<what>/<side>:<n>`
/// (say `large/decode/ours:10`) one operation `n` times and nothing else, to
/// count instructions under `valgrind --tool=callgrind`, which are
/// repeatable where wall-clock time on a shared machine is not. Subtract
/// the count for `:0` (building the payload) and divide by `n`.
fn main() {
    match std::env::var("DECODE_BENCH_REPEAT") {
        Ok(spec) => repeat(&spec),
        Err(_) => {
            decode();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}

/// The `DECODE_BENCH_REPEAT` mode (see [`main`]).
fn repeat(spec: &str) {
    let (what, n) = spec.rsplit_once(':').expect("<payload>/<what>/<side>:<n>");
    let n: usize = n.parse().expect("a repeat count");
    let parts: Vec<&str> = what.split('/').collect();
    let [payload, op, side] = parts[..] else {
        panic!("expected <payload>/<what>/<side>, got {what}")
    };
    let bytes = match payload {
        "seed" => SEED.as_bytes().to_vec(),
        "large" => large_payload(&node_types()),
        "enums" => enum_payload(&node_types()),
        other => panic!("no payload {other}"),
    };
    eprintln!("{payload}: {} bytes", bytes.len());
    fn run<T: DeserializeOwned + Serialize>(op: &str, bytes: &[u8], n: usize) {
        let value: T = serde_json::from_slice(bytes).unwrap();
        let mut buffer = Vec::new();
        for _ in 0..n {
            match op {
                "decode" => drop(black_box(
                    serde_json::from_slice::<T>(black_box(bytes)).unwrap(),
                )),
                "client" => drop(black_box(decode_like_client::<T>(black_box(bytes)))),
                "encode" => {
                    buffer.clear();
                    serde_json::to_writer(&mut buffer, black_box(&value)).unwrap();
                }
                other => panic!("no operation {other}"),
            }
        }
        black_box(buffer);
    }
    match (payload, side) {
        ("enums", "ours") => run::<Vec<artu_api::types::NodeType>>(op, &bytes, n),
        ("enums", "closed") => run::<Vec<closed_types::NodeType>>(op, &bytes, n),
        (_, "ours") => run::<Ours>(op, &bytes, n),
        (_, "closed") => run::<Closed>(op, &bytes, n),
        (_, other) => panic!("no side {other}"),
    }
}
