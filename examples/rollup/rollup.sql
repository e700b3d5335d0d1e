-- The city's questions over every district's `ledger export jsonl` rows.
-- `rows` is a view over out/*.jsonl (query.py creates it); columns: docs/format.md,
-- "jsonl export". Each statement is one answer; query.py prints them in order.

-- 完成率 by district and point: of the obligation periods already due (not
-- `pending`), the share met (on time or late).
SELECT district, ref AS point,
       count(*) FILTER (WHERE state IN ('met', 'late')) AS done,
       count(*) AS due,
       round(100.0 * count(*) FILTER (WHERE state IN ('met', 'late')) / count(*), 1) AS pct
FROM rows
WHERE type = 'period' AND state <> 'pending'
GROUP BY district, ref
ORDER BY district, ref;

-- Overdue items (问题、线索、任务) by district: open past their due date.
SELECT district, count(*) AS overdue_items, max(days_overdue) AS worst_days
FROM rows
WHERE type = 'finding' AND category = 'overdue' AND finding = 'item'
GROUP BY district
ORDER BY district;

-- The weakest points city-wide: lowest 完成率 over all districts, then most
-- gap and overdue findings.
SELECT p.ref AS point, p.pct, coalesce(f.findings, 0) AS overdue_and_gaps
FROM (
  SELECT ref,
         round(100.0 * count(*) FILTER (WHERE state IN ('met', 'late')) / count(*), 1) AS pct
  FROM rows
  WHERE type = 'period' AND state <> 'pending'
  GROUP BY ref
) p
LEFT JOIN (
  SELECT ref, count(*) AS findings
  FROM rows
  WHERE type = 'finding' AND category IN ('overdue', 'gap')
  GROUP BY ref
) f USING (ref)
ORDER BY p.pct, overdue_and_gaps DESC, point
LIMIT 5;
