"""Canned read-only queries over the corpus views, offered in Datasette."""

POOLABLE_2X2_SQL = """
SELECT study, title, year, design, coalesce(timepoint, '') AS timepoint,
       sum(CASE WHEN arm_role = 'intervention' THEN events END) AS events_t,
       sum(CASE WHEN arm_role = 'intervention' THEN total END) AS total_t,
       sum(CASE WHEN arm_role = 'control' THEN events END) AS events_c,
       sum(CASE WHEN arm_role = 'control' THEN total END) AS total_c
FROM extracted_statistics
WHERE outcome = :outcome AND kind = 'events' AND events IS NOT NULL AND total IS NOT NULL
GROUP BY study, title, year, design, coalesce(timepoint, '')
HAVING events_t IS NOT NULL AND events_c IS NOT NULL
ORDER BY year, study
""".strip()

STUDIES_BY_CELL_TYPE_SQL = """
SELECT cell.value AS cell_type, count(*) AS studies,
       group_concat(coalesce(s.pmid, s.local_id) || ' (' || s.year || ')', ', ') AS which
FROM current_extractions ce JOIN studies s ON s.id = ce.study_id, json_each(ce.cell_types) AS cell
GROUP BY cell.value ORDER BY studies DESC, cell_type
""".strip()

STATISTICS_OF_OUTCOME_SQL = "SELECT * FROM extracted_statistics WHERE outcome = :outcome ORDER BY year, study, arm"
