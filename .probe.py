import sys, json
from stemfoot.extract.run import extract_records
gold = [json.loads(l) for l in open(sys.argv[1])]
ids = sys.argv[2:]
for g in gold:
    if ids and not any(g['id'].startswith(i) for i in ids): continue
    rec = next(extract_records([(g['title'], g['abstract'])], pico=False))
    print('==', g['id'], [(a['label'], a['n_patients']) for a in rec['arms']])
    for s in rec['statistics']:
        print('  ', s['kind'], repr(s['evidence']['text']), 'arm=', s['arm'], 'out=', s['outcome'], 'ev/tot', s['events'], s['total'], s['mean'], 'flags', s['flags'])
