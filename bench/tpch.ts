// A TPC-H-style lake generated with DuckDB SQL (the tpch extension is not available offline): the eight tables
// with TPC-H's cardinalities per scale factor, key relationships, value domains and the words and phrases the
// 22 queries filter on (colours in p_name, p_type syllables, containers, segments, shipmodes, "special …
// requests", "Customer … Complaints", country codes in phone numbers), written as one Parquet file per table.
// Values come from hash(), so a scale always produces the same data. Not dbgen: the queries' answers differ
// from the spec's, but every query selects and joins real rows. Files are cached under the temp dir per scale.
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export const TPCH_TABLES = ['region', 'nation', 'supplier', 'part', 'partsupp', 'customer', 'orders', 'lineitem'] as const;

/** Athena/Hive column lists, in the order the Parquet files hold them. */
export const TPCH_COLUMNS: Record<string, string> = {
  region: 'r_regionkey bigint, r_name string, r_comment string',
  nation: 'n_nationkey bigint, n_name string, n_regionkey bigint, n_comment string',
  supplier: 's_suppkey bigint, s_name string, s_address string, s_nationkey bigint, s_phone string, s_acctbal decimal(15,2), s_comment string',
  part: 'p_partkey bigint, p_name string, p_mfgr string, p_brand string, p_type string, p_size int, p_container string, p_retailprice decimal(15,2), p_comment string',
  partsupp: 'ps_partkey bigint, ps_suppkey bigint, ps_availqty int, ps_supplycost decimal(15,2), ps_comment string',
  customer: 'c_custkey bigint, c_name string, c_address string, c_nationkey bigint, c_phone string, c_acctbal decimal(15,2), c_mktsegment string, c_comment string',
  orders: 'o_orderkey bigint, o_custkey bigint, o_orderstatus string, o_totalprice decimal(15,2), o_orderdate date, o_orderpriority string, o_clerk string, o_shippriority int, o_comment string',
  lineitem: `l_orderkey bigint, l_partkey bigint, l_suppkey bigint, l_linenumber int, l_quantity decimal(15,2), l_extendedprice decimal(15,2),
    l_discount decimal(15,2), l_tax decimal(15,2), l_returnflag string, l_linestatus string, l_shipdate date, l_commitdate date,
    l_receiptdate date, l_shipinstruct string, l_shipmode string, l_comment string`,
};

const list = (xs: string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
const NATIONS: [string, number][] = [
  ['ALGERIA', 0], ['ARGENTINA', 1], ['BRAZIL', 1], ['CANADA', 1], ['EGYPT', 4], ['ETHIOPIA', 0], ['FRANCE', 3], ['GERMANY', 3], ['INDIA', 2],
  ['INDONESIA', 2], ['IRAN', 4], ['IRAQ', 4], ['JAPAN', 2], ['JORDAN', 4], ['KENYA', 0], ['MOROCCO', 0], ['MOZAMBIQUE', 0], ['PERU', 1],
  ['CHINA', 2], ['ROMANIA', 3], ['SAUDI ARABIA', 4], ['VIETNAM', 2], ['RUSSIA', 3], ['UNITED KINGDOM', 3], ['UNITED STATES', 1],
];
const COLOURS = ['almond', 'antique', 'aquamarine', 'azure', 'beige', 'bisque', 'black', 'blanched', 'blue', 'blush', 'brown', 'burlywood',
  'burnished', 'chartreuse', 'chiffon', 'chocolate', 'coral', 'cornflower', 'cornsilk', 'cream', 'cyan', 'dark', 'deep', 'dim', 'dodger',
  'drab', 'firebrick', 'floral', 'forest', 'frosted', 'gainsboro', 'ghost', 'goldenrod', 'green', 'grey', 'honeydew', 'hot', 'indian',
  'ivory', 'khaki', 'lace', 'lavender', 'lawn', 'lemon', 'light', 'lime', 'linen', 'magenta', 'maroon', 'medium', 'metallic', 'midnight',
  'mint', 'misty', 'moccasin', 'navajo', 'navy', 'olive', 'orange', 'orchid', 'pale', 'papaya', 'peach', 'peru', 'pink', 'plum', 'powder',
  'puff', 'purple', 'red', 'rose', 'rosy', 'royal', 'saddle', 'salmon', 'sandy', 'seashell', 'sienna', 'sky', 'slate', 'smoke', 'snow',
  'spring', 'steel', 'tan', 'thistle', 'tomato', 'turquoise', 'violet', 'wheat', 'white', 'yellow'];
const WORDS = ['furiously', 'quickly', 'carefully', 'blithely', 'slyly', 'ironic', 'final', 'regular', 'express', 'pending', 'bold', 'even',
  'silent', 'unusual', 'deposits', 'packages', 'accounts', 'requests', 'instructions', 'theodolites', 'pinto', 'beans', 'foxes', 'ideas',
  'dependencies', 'platelets', 'asymptotes', 'courts', 'dolphins', 'sheaves', 'across', 'along', 'among', 'sleep', 'wake', 'are', 'cajole',
  'haggle', 'nag', 'use', 'boost', 'affix', 'detect', 'integrate', 'maintain', 'nod', 'was', 'lose', 'sublate', 'solve', 'thrash', 'promise'];

/** n words of filler text chosen by hash of (key, salt). */
const text = (key: string, salt: number, n: number) =>
  `concat_ws(' ', ${Array.from({ length: n }, (_, j) => `list_element(w, 1 + (hash(${key}, ${salt * 10 + j}) % ${WORDS.length})::INT)`).join(', ')})`;
const r = (key: string, salt: number, mod: number) => `(hash(${key}, ${salt}) % ${mod})::BIGINT`;
const phone = (key: string, nation: string) => `concat(${nation} + 10, '-', 100 + ${r(key, 71, 900)}, '-', 100 + ${r(key, 72, 900)}, '-', 1000 + ${r(key, 73, 9000)})`;
const money = (key: string, salt: number) => `((${r(key, salt, 1099999)} - 99999) / 100.0)::DECIMAL(15,2)`;
const retail = (pk: string) => `((90000 + ((${pk} // 10) % 20001) + 100 * (${pk} % 1000)) / 100.0)`;

export interface TpchLake {
  dir: string;
  scale: number;
  /** path of each table's Parquet file */
  files: Record<string, string>;
  bytes: number;
}

/** Generates (or reuses) the lake for `scale` under the temp dir; `threads` for DuckDB. */
export async function tpchLake(scale: number, threads = '2'): Promise<TpchLake> {
  const dir = path.join(os.tmpdir(), 'lakestack-bench-tpch', `sf-${scale}`);
  const files = Object.fromEntries(TPCH_TABLES.map((t) => [t, path.join(dir, `${t}.parquet`)]));
  const done = path.join(dir, '.done');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const t0 = performance.now();
    const db = await DuckDBInstance.create(':memory:', { threads });
    const c = await db.connect();
    try {
      await generate(c, dir, scale);
    } finally {
      c.closeSync();
    }
    writeFileSync(done, '');
    console.log(`generated TPC-H-style lake sf ${scale} in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${dir}`);
  }
  const bytes = readdirSync(dir).filter((f) => f.endsWith('.parquet')).reduce((a, f) => a + statSync(path.join(dir, f)).size, 0);
  return { dir, scale, files, bytes };
}

async function generate(c: { run(sql: string): Promise<unknown> }, dir: string, sf: number): Promise<void> {
  const S = Math.max(10, Math.round(10_000 * sf));
  const P = Math.max(200, Math.round(200_000 * sf));
  const C = Math.max(150, Math.round(150_000 * sf));
  const O = Math.max(1500, Math.round(1_500_000 * sf));
  const out = (t: string, sql: string) => c.run(`COPY (${sql}) TO '${path.join(dir, `${t}.parquet`)}' (FORMAT parquet, ROW_GROUP_SIZE 122880)`);
  await c.run(`CREATE TEMP TABLE words AS SELECT ${list(WORDS)} AS w, ${list(COLOURS)} AS colours`);
  const W = 'CROSS JOIN words';
  await out('region', `SELECT i::BIGINT AS r_regionkey, list_element(['AFRICA','AMERICA','ASIA','EUROPE','MIDDLE EAST'], i + 1) AS r_name,
    ${text('i', 1, 8)} AS r_comment FROM range(5) t(i) ${W}`);
  await out('nation', `SELECT i::BIGINT AS n_nationkey, list_element(${list(NATIONS.map((n) => n[0]))}, i + 1) AS n_name,
    list_element([${NATIONS.map((n) => n[1]).join(', ')}], i + 1)::BIGINT AS n_regionkey, ${text('i', 2, 8)} AS n_comment FROM range(25) t(i) ${W}`);
  await out('supplier', `SELECT k AS s_suppkey, 'Supplier#' || lpad(k::VARCHAR, 9, '0') AS s_name, md5(k::VARCHAR)[1:15] AS s_address,
    ${r('k', 3, 25)} AS s_nationkey, ${phone('k', r('k', 3, 25))} AS s_phone, ${money('k', 4)} AS s_acctbal,
    CASE WHEN k % 1993 = 7 THEN ${text('k', 5, 2)} || ' Customer ' || ${text('k', 6, 2)} || ' Complaints ' || ${text('k', 7, 2)}
         WHEN k % 1993 = 11 THEN ${text('k', 5, 2)} || ' Customer ' || ${text('k', 6, 2)} || ' Recommends ' || ${text('k', 7, 2)}
         ELSE ${text('k', 5, 8)} END AS s_comment
    FROM (SELECT range + 1 AS k FROM range(${S})) ${W}`);
  await out('part', `SELECT k AS p_partkey,
    concat_ws(' ', ${[1, 2, 3, 4, 5].map((j) => `list_element(colours, 1 + (hash(k, ${20 + j}) % ${COLOURS.length})::INT)`).join(', ')}) AS p_name,
    'Manufacturer#' || m AS p_mfgr, 'Brand#' || m || (1 + ${r('k', 27, 5)}) AS p_brand,
    list_element(['STANDARD','SMALL','MEDIUM','LARGE','ECONOMY','PROMO'], 1 + ${r('k', 28, 6)}::INT) || ' ' ||
      list_element(['ANODIZED','BURNISHED','PLATED','POLISHED','BRUSHED'], 1 + ${r('k', 29, 5)}::INT) || ' ' ||
      list_element(['TIN','NICKEL','BRASS','STEEL','COPPER'], 1 + ${r('k', 30, 5)}::INT) AS p_type,
    (1 + ${r('k', 31, 50)})::INT AS p_size,
    list_element(['SM','LG','MED','JUMBO','WRAP'], 1 + ${r('k', 32, 5)}::INT) || ' ' ||
      list_element(['CASE','BOX','BAG','JAR','PKG','PACK','CAN','DRUM'], 1 + ${r('k', 33, 8)}::INT) AS p_container,
    ${retail('k')}::DECIMAL(15,2) AS p_retailprice, ${text('k', 34, 3)} AS p_comment
    FROM (SELECT range + 1 AS k, 1 + (hash(range + 1, 26) % 5)::BIGINT AS m FROM range(${P})) ${W}`);
  // TPC-H's supplier choice for part k and j in 0..3, so partsupp and lineitem agree.
  const supp = (k: string, j: string) => `((${k} + (${j} * (${Math.floor(S / 4)} + ((${k} - 1) // ${S})))) % ${S}) + 1`;
  await out('partsupp', `SELECT k AS ps_partkey, ${supp('k', 'j')} AS ps_suppkey, (1 + ${r('k * 4 + j', 40, 9999)})::INT AS ps_availqty,
    ((100 + ${r('k * 4 + j', 41, 99901)}) / 100.0)::DECIMAL(15,2) AS ps_supplycost, ${text('k * 4 + j', 42, 10)} AS ps_comment
    FROM (SELECT range + 1 AS k FROM range(${P})) CROSS JOIN (SELECT range AS j FROM range(4)) ${W}`);
  await out('customer', `SELECT k AS c_custkey, 'Customer#' || lpad(k::VARCHAR, 9, '0') AS c_name, md5(k::VARCHAR)[1:20] AS c_address,
    ${r('k', 50, 25)} AS c_nationkey, ${phone('k', r('k', 50, 25))} AS c_phone, ${money('k', 51)} AS c_acctbal,
    list_element(['AUTOMOBILE','BUILDING','FURNITURE','MACHINERY','HOUSEHOLD'], 1 + ${r('k', 52, 5)}::INT) AS c_mktsegment,
    ${text('k', 53, 8)} AS c_comment FROM (SELECT range + 1 AS k FROM range(${C})) ${W}`);
  // Orders go to customers whose key is not a multiple of 3 (a third have none, as in dbgen); dates leave room
  // for 151 days of shipping before 1998-12-31.
  await c.run(`CREATE TEMP TABLE o AS SELECT k AS o_orderkey,
    (CASE WHEN c % 3 = 0 THEN (CASE WHEN c = ${C} THEN c - 1 ELSE c + 1 END) ELSE c END)::BIGINT AS o_custkey,
    DATE '1992-01-01' + ${r('k', 61, 2406 - 151)}::INT AS o_orderdate,
    list_element(['1-URGENT','2-HIGH','3-MEDIUM','4-NOT SPECIFIED','5-LOW'], 1 + ${r('k', 62, 5)}::INT) AS o_orderpriority,
    'Clerk#' || lpad((1 + ${r('k', 63, Math.max(1, Math.round(1000 * sf)))})::VARCHAR, 9, '0') AS o_clerk,
    CASE WHEN k % 97 = 5 THEN ${text('k', 64, 2)} || ' special ' || ${text('k', 65, 2)} || ' requests ' || ${text('k', 66, 2)}
         ELSE ${text('k', 64, 6)} END AS o_comment,
    1 + ${r('k', 67, 7)} AS n_lines
    FROM (SELECT range + 1 AS k, 1 + (hash(range + 1, 60) % ${C})::BIGINT AS c FROM range(${O})) ${W}`);
  await c.run(`CREATE TEMP TABLE l AS SELECT o_orderkey AS l_orderkey, p AS l_partkey, ${supp('p', r('o_orderkey * 8 + n', 70, 4))} AS l_suppkey,
    n::INT AS l_linenumber, q::DECIMAL(15,2) AS l_quantity, (q * ${retail('p')})::DECIMAL(15,2) AS l_extendedprice,
    (${r('o_orderkey * 8 + n', 74, 11)} / 100.0)::DECIMAL(15,2) AS l_discount, (${r('o_orderkey * 8 + n', 75, 9)} / 100.0)::DECIMAL(15,2) AS l_tax,
    CASE WHEN ship + rcv <= DATE '1995-06-17' THEN (CASE WHEN hash(o_orderkey, n, 76) % 2 = 0 THEN 'R' ELSE 'A' END) ELSE 'N' END AS l_returnflag,
    CASE WHEN ship > DATE '1995-06-17' THEN 'O' ELSE 'F' END AS l_linestatus,
    ship AS l_shipdate, o_orderdate + (30 + ${r('o_orderkey * 8 + n', 77, 61)})::INT AS l_commitdate, ship + rcv AS l_receiptdate,
    list_element(['DELIVER IN PERSON','COLLECT COD','NONE','TAKE BACK RETURN'], 1 + ${r('o_orderkey * 8 + n', 78, 4)}::INT) AS l_shipinstruct,
    list_element(['REG AIR','AIR','RAIL','SHIP','TRUCK','MAIL','FOB'], 1 + ${r('o_orderkey * 8 + n', 79, 7)}::INT) AS l_shipmode,
    ${text('o_orderkey * 8 + n', 80, 4)} AS l_comment
    FROM (SELECT o_orderkey, o_orderdate, n, 1 + (hash(o_orderkey, n, 81) % ${P})::BIGINT AS p, 1 + (hash(o_orderkey, n, 82) % 50)::BIGINT AS q,
            o_orderdate + (1 + (hash(o_orderkey, n, 83) % 121))::INT AS ship, (1 + (hash(o_orderkey, n, 84) % 30))::INT AS rcv
          FROM o CROSS JOIN (SELECT range AS n FROM range(1, 8)) WHERE n <= n_lines) ${W}`);
  await out('lineitem', 'SELECT * FROM l ORDER BY l_orderkey, l_linenumber');
  await out('orders', `SELECT o.o_orderkey, o_custkey,
      CASE WHEN s.f = s.n THEN 'F' WHEN s.f = 0 THEN 'O' ELSE 'P' END AS o_orderstatus, s.total::DECIMAL(15,2) AS o_totalprice,
      o_orderdate, o_orderpriority, o_clerk, 0 AS o_shippriority, o_comment
    FROM o JOIN (SELECT l_orderkey, count(*) AS n, count(*) FILTER (WHERE l_linestatus = 'F') AS f,
                        sum(l_extendedprice * (1 + l_tax) * (1 - l_discount)) AS total FROM l GROUP BY l_orderkey) s ON s.l_orderkey = o.o_orderkey
    ORDER BY o.o_orderkey`);
  await c.run('DROP TABLE l');
  await c.run('DROP TABLE o');
}

/** The 22 TPC-H queries with the spec's validation parameters, in SQL that Trino (Athena) and DuckDB both accept. */
export const TPCH_QUERIES: Record<string, string> = {
  q1: `SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
  sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
  avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc, count(*) AS count_order
FROM lineitem WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY
GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus`,
  q2: `SELECT s_acctbal, s_name, n_name, p_partkey, p_mfgr, s_address, s_phone, s_comment
FROM part, supplier, partsupp, nation, region
WHERE p_partkey = ps_partkey AND s_suppkey = ps_suppkey AND p_size = 15 AND p_type LIKE '%BRASS' AND s_nationkey = n_nationkey
  AND n_regionkey = r_regionkey AND r_name = 'EUROPE'
  AND ps_supplycost = (SELECT min(ps_supplycost) FROM partsupp, supplier, nation, region
    WHERE p_partkey = ps_partkey AND s_suppkey = ps_suppkey AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey AND r_name = 'EUROPE')
ORDER BY s_acctbal DESC, n_name, s_name, p_partkey LIMIT 100`,
  q3: `SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
FROM customer, orders, lineitem
WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey
  AND o_orderdate < DATE '1995-03-15' AND l_shipdate > DATE '1995-03-15'
GROUP BY l_orderkey, o_orderdate, o_shippriority ORDER BY revenue DESC, o_orderdate LIMIT 10`,
  q4: `SELECT o_orderpriority, count(*) AS order_count FROM orders
WHERE o_orderdate >= DATE '1993-07-01' AND o_orderdate < DATE '1993-07-01' + INTERVAL '3' MONTH
  AND EXISTS (SELECT * FROM lineitem WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)
GROUP BY o_orderpriority ORDER BY o_orderpriority`,
  q5: `SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
FROM customer, orders, lineitem, supplier, nation, region
WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey AND c_nationkey = s_nationkey
  AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey AND r_name = 'ASIA'
  AND o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1994-01-01' + INTERVAL '1' YEAR
GROUP BY n_name ORDER BY revenue DESC`,
  q6: `SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem
WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1994-01-01' + INTERVAL '1' YEAR
  AND l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 AND l_quantity < 24`,
  q7: `SELECT supp_nation, cust_nation, l_year, sum(volume) AS revenue FROM (
  SELECT n1.n_name AS supp_nation, n2.n_name AS cust_nation, extract(year FROM l_shipdate) AS l_year, l_extendedprice * (1 - l_discount) AS volume
  FROM supplier, lineitem, orders, customer, nation n1, nation n2
  WHERE s_suppkey = l_suppkey AND o_orderkey = l_orderkey AND c_custkey = o_custkey AND s_nationkey = n1.n_nationkey AND c_nationkey = n2.n_nationkey
    AND ((n1.n_name = 'FRANCE' AND n2.n_name = 'GERMANY') OR (n1.n_name = 'GERMANY' AND n2.n_name = 'FRANCE'))
    AND l_shipdate BETWEEN DATE '1995-01-01' AND DATE '1996-12-31') AS shipping
GROUP BY supp_nation, cust_nation, l_year ORDER BY supp_nation, cust_nation, l_year`,
  q8: `SELECT o_year, sum(CASE WHEN nation = 'BRAZIL' THEN volume ELSE 0 END) / sum(volume) AS mkt_share FROM (
  SELECT extract(year FROM o_orderdate) AS o_year, l_extendedprice * (1 - l_discount) AS volume, n2.n_name AS nation
  FROM part, supplier, lineitem, orders, customer, nation n1, nation n2, region
  WHERE p_partkey = l_partkey AND s_suppkey = l_suppkey AND l_orderkey = o_orderkey AND o_custkey = c_custkey AND c_nationkey = n1.n_nationkey
    AND n1.n_regionkey = r_regionkey AND r_name = 'AMERICA' AND s_nationkey = n2.n_nationkey
    AND o_orderdate BETWEEN DATE '1995-01-01' AND DATE '1996-12-31' AND p_type = 'ECONOMY ANODIZED STEEL') AS all_nations
GROUP BY o_year ORDER BY o_year`,
  q9: `SELECT nation, o_year, sum(amount) AS sum_profit FROM (
  SELECT n_name AS nation, extract(year FROM o_orderdate) AS o_year, l_extendedprice * (1 - l_discount) - ps_supplycost * l_quantity AS amount
  FROM part, supplier, lineitem, partsupp, orders, nation
  WHERE s_suppkey = l_suppkey AND ps_suppkey = l_suppkey AND ps_partkey = l_partkey AND p_partkey = l_partkey AND o_orderkey = l_orderkey
    AND s_nationkey = n_nationkey AND p_name LIKE '%green%') AS profit
GROUP BY nation, o_year ORDER BY nation, o_year DESC`,
  q10: `SELECT c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) AS revenue, c_acctbal, n_name, c_address, c_phone, c_comment
FROM customer, orders, lineitem, nation
WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND o_orderdate >= DATE '1993-10-01'
  AND o_orderdate < DATE '1993-10-01' + INTERVAL '3' MONTH AND l_returnflag = 'R' AND c_nationkey = n_nationkey
GROUP BY c_custkey, c_name, c_acctbal, c_phone, n_name, c_address, c_comment ORDER BY revenue DESC LIMIT 20`,
  q11: `SELECT ps_partkey, sum(ps_supplycost * ps_availqty) AS value FROM partsupp, supplier, nation
WHERE ps_suppkey = s_suppkey AND s_nationkey = n_nationkey AND n_name = 'GERMANY'
GROUP BY ps_partkey HAVING sum(ps_supplycost * ps_availqty) > (
  SELECT sum(ps_supplycost * ps_availqty) * 0.0001 FROM partsupp, supplier, nation
  WHERE ps_suppkey = s_suppkey AND s_nationkey = n_nationkey AND n_name = 'GERMANY')
ORDER BY value DESC`,
  q12: `SELECT l_shipmode, sum(CASE WHEN o_orderpriority = '1-URGENT' OR o_orderpriority = '2-HIGH' THEN 1 ELSE 0 END) AS high_line_count,
  sum(CASE WHEN o_orderpriority <> '1-URGENT' AND o_orderpriority <> '2-HIGH' THEN 1 ELSE 0 END) AS low_line_count
FROM orders, lineitem
WHERE o_orderkey = l_orderkey AND l_shipmode IN ('MAIL', 'SHIP') AND l_commitdate < l_receiptdate AND l_shipdate < l_commitdate
  AND l_receiptdate >= DATE '1994-01-01' AND l_receiptdate < DATE '1994-01-01' + INTERVAL '1' YEAR
GROUP BY l_shipmode ORDER BY l_shipmode`,
  q13: `SELECT c_count, count(*) AS custdist FROM (
  SELECT c_custkey, count(o_orderkey) AS c_count FROM customer LEFT OUTER JOIN orders ON c_custkey = o_custkey AND o_comment NOT LIKE '%special%requests%'
  GROUP BY c_custkey) AS c_orders
GROUP BY c_count ORDER BY custdist DESC, c_count DESC`,
  q14: `SELECT 100.00 * sum(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END) / sum(l_extendedprice * (1 - l_discount)) AS promo_revenue
FROM lineitem, part
WHERE l_partkey = p_partkey AND l_shipdate >= DATE '1995-09-01' AND l_shipdate < DATE '1995-09-01' + INTERVAL '1' MONTH`,
  q15: `WITH revenue0 AS (SELECT l_suppkey AS supplier_no, sum(l_extendedprice * (1 - l_discount)) AS total_revenue FROM lineitem
  WHERE l_shipdate >= DATE '1996-01-01' AND l_shipdate < DATE '1996-01-01' + INTERVAL '3' MONTH GROUP BY l_suppkey)
SELECT s_suppkey, s_name, s_address, s_phone, total_revenue FROM supplier, revenue0
WHERE s_suppkey = supplier_no AND total_revenue = (SELECT max(total_revenue) FROM revenue0)
ORDER BY s_suppkey`,
  q16: `SELECT p_brand, p_type, p_size, count(DISTINCT ps_suppkey) AS supplier_cnt FROM partsupp, part
WHERE p_partkey = ps_partkey AND p_brand <> 'Brand#45' AND p_type NOT LIKE 'MEDIUM POLISHED%' AND p_size IN (49, 14, 23, 45, 19, 3, 36, 9)
  AND ps_suppkey NOT IN (SELECT s_suppkey FROM supplier WHERE s_comment LIKE '%Customer%Complaints%')
GROUP BY p_brand, p_type, p_size ORDER BY supplier_cnt DESC, p_brand, p_type, p_size`,
  q17: `SELECT sum(l_extendedprice) / 7.0 AS avg_yearly FROM lineitem, part
WHERE p_partkey = l_partkey AND p_brand = 'Brand#23' AND p_container = 'MED BOX'
  AND l_quantity < (SELECT 0.2 * avg(l_quantity) FROM lineitem WHERE l_partkey = p_partkey)`,
  q18: `SELECT c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity) FROM customer, orders, lineitem
WHERE o_orderkey IN (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > 300)
  AND c_custkey = o_custkey AND o_orderkey = l_orderkey
GROUP BY c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice ORDER BY o_totalprice DESC, o_orderdate LIMIT 100`,
  q19: `SELECT sum(l_extendedprice * (1 - l_discount)) AS revenue FROM lineitem, part
WHERE (p_partkey = l_partkey AND p_brand = 'Brand#12' AND p_container IN ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG') AND l_quantity >= 1
    AND l_quantity <= 1 + 10 AND p_size BETWEEN 1 AND 5 AND l_shipmode IN ('AIR', 'REG AIR') AND l_shipinstruct = 'DELIVER IN PERSON')
  OR (p_partkey = l_partkey AND p_brand = 'Brand#23' AND p_container IN ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK') AND l_quantity >= 10
    AND l_quantity <= 10 + 10 AND p_size BETWEEN 1 AND 10 AND l_shipmode IN ('AIR', 'REG AIR') AND l_shipinstruct = 'DELIVER IN PERSON')
  OR (p_partkey = l_partkey AND p_brand = 'Brand#34' AND p_container IN ('LG CASE', 'LG BOX', 'LG PACK', 'LG PKG') AND l_quantity >= 20
    AND l_quantity <= 20 + 10 AND p_size BETWEEN 1 AND 15 AND l_shipmode IN ('AIR', 'REG AIR') AND l_shipinstruct = 'DELIVER IN PERSON')`,
  q20: `SELECT s_name, s_address FROM supplier, nation
WHERE s_suppkey IN (SELECT ps_suppkey FROM partsupp WHERE ps_partkey IN (SELECT p_partkey FROM part WHERE p_name LIKE 'forest%')
    AND ps_availqty > (SELECT 0.5 * sum(l_quantity) FROM lineitem WHERE l_partkey = ps_partkey AND l_suppkey = ps_suppkey
      AND l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1994-01-01' + INTERVAL '1' YEAR))
  AND s_nationkey = n_nationkey AND n_name = 'CANADA'
ORDER BY s_name`,
  q21: `SELECT s_name, count(*) AS numwait FROM supplier, lineitem l1, orders, nation
WHERE s_suppkey = l1.l_suppkey AND o_orderkey = l1.l_orderkey AND o_orderstatus = 'F' AND l1.l_receiptdate > l1.l_commitdate
  AND EXISTS (SELECT * FROM lineitem l2 WHERE l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey)
  AND NOT EXISTS (SELECT * FROM lineitem l3 WHERE l3.l_orderkey = l1.l_orderkey AND l3.l_suppkey <> l1.l_suppkey AND l3.l_receiptdate > l3.l_commitdate)
  AND s_nationkey = n_nationkey AND n_name = 'SAUDI ARABIA'
GROUP BY s_name ORDER BY numwait DESC, s_name LIMIT 100`,
  q22: `SELECT cntrycode, count(*) AS numcust, sum(c_acctbal) AS totacctbal FROM (
  SELECT substring(c_phone, 1, 2) AS cntrycode, c_acctbal FROM customer
  WHERE substring(c_phone, 1, 2) IN ('13', '31', '23', '29', '30', '18', '17')
    AND c_acctbal > (SELECT avg(c_acctbal) FROM customer WHERE c_acctbal > 0.00 AND substring(c_phone, 1, 2) IN ('13', '31', '23', '29', '30', '18', '17'))
    AND NOT EXISTS (SELECT * FROM orders WHERE o_custkey = c_custkey)) AS custsale
GROUP BY cntrycode ORDER BY cntrycode`,
};

/** Uploads each table's file to s3://bucket/prefix/<table>/data.parquet (multipart for large files). */
export async function uploadLake(s3: S3Client, lake: TpchLake, bucket: string, prefix: string): Promise<void> {
  for (const t of TPCH_TABLES) {
    await new Upload({ client: s3, params: { Bucket: bucket, Key: `${prefix}/${t}/data.parquet`, Body: createReadStream(lake.files[t]!) }, partSize: 16 * 1024 * 1024, queueSize: 2 }).done();
  }
}

/** Raw DuckDB over the same files: one view per table, as the catalog's tables are. */
export async function rawDuckDB(lake: TpchLake, threads: string): Promise<DuckDBConnection> {
  const c = await (await DuckDBInstance.create(':memory:', { threads })).connect();
  for (const t of TPCH_TABLES) await c.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${lake.files[t]}')`);
  return c;
}
