"""Round 46 second read: invented abstracts of untied_zero_together's, each_arm_zero_held's and the limb design's
harvest-zero shapes and near-misses; prints every zero-event statistic (target, arm, flags) so two trees can be
diffed.  Usage: python benchmarks/r46/invented_zeros.py OUT.json"""
from __future__ import annotations

import json
import sys
import warnings

TWO = ("Methods: Sixty patients with diabetic foot ulcers were randomised to autologous bone marrow cell injection "
       "(cell group, n = 30) or standard wound care (control group, n = 30). Results: ")
THREE = ("Methods: Ninety patients were randomised to high-dose cells (n = 30), low-dose cells (n = 30) or placebo "
         "(n = 30). Results: ")
DRUG = ("Methods: Eighty patients were randomised to cilostazol (n = 40) or placebo (n = 40) for 24 weeks. Results: ")
SINGLE = ("Methods: Twelve patients with critical limb ischaemia received intramuscular autologous bone marrow "
          "mononuclear cells in this open-label single-arm study. Results: ")
LIMB = ("Methods: In this within-patient trial, 16 patients with bilateral critical limb ischaemia received bone marrow "
        "cells into one leg (treated limbs, n = 16) and saline into the other (control limbs, n = 16); marrow was "
        "aspirated once per patient. Results: ")
FAT = ("Methods: Forty patients were randomised to adipose-derived stromal vascular fraction injection (SVF group, "
       "n = 20) or conventional dressing (control group, n = 20). Results: ")

CASES = [
    # untied_zero_together: zeros of all patients (release right)
    ("u01", TWO + "Ulcers healed in 20 patients in the cell group and 11 in the control group. No serious adverse events occurred."),
    ("u02", TWO + "Healing was faster with cells (P = 0.01), and no deaths were recorded during follow-up."),
    ("u03", THREE + "Pain-free walking improved with both doses. No serious adverse events occurred."),
    ("u04", THREE + "No deaths were recorded during the 12 months of follow-up."),
    # tied to what only some arms had (stay held)
    ("u05", TWO + "No adverse events related to the cell injections were observed."),
    ("u06", TWO + "No complications of bone marrow harvest occurred."),
    ("u07", FAT + "No complications occurred after liposuction."),
    ("u08", DRUG + "No serious adverse events related to cilostazol were observed."),
    ("u09", TWO + "No local infection occurred in the treated limbs."),
    ("u10", DRUG + "No bleeding occurred in patients given placebo."),
    ("u11", TWO + "None of the 30 patients receiving cells developed a tumour."),
    ("u12", TWO + "There was no statistically significant difference in the rate of amputation between groups."),
    ("u13", TWO + "No patient was lost to follow-up."),
    ("u14", TWO + "No new safety signals were identified."),
    ("u15", SINGLE + "No patient required major amputation during the 6-month follow-up."),
    ("u16", LIMB + "No deaths occurred during the study."),
    ("u17", LIMB + "No local complications were seen in the treated legs."),
    ("u18", TWO + "No adverse events attributable to the stem cells were observed."),
    ("u19", DRUG + "No drug-related serious adverse events occurred."),
    ("u20", TWO + "No significant between-group differences in adverse events were found."),
    ("u21", TWO + "There were no dropouts."),
    ("u22", TWO + "No adverse reactions to the transplanted cells were noted."),
    ("u23", TWO + "No procedure-related complications occurred in the cell group."),
    ("u24", THREE + "No adverse events related to the study product were observed."),
    ("u25", TWO + "No deaths occurred in the whole group during follow-up."),
    ("u26", TWO + "Pruritus was not observed in the hydrocolloid dressing group."),
    ("u27", DRUG + "No serious adverse events caused by the study drug were reported."),
    ("u28", TWO + "No wound infection occurred in treated patients."),
    ("u29", TWO + "No amputations resulted from the cell injections."),
    ("u30", TWO + "No statistically significant difference in adverse events was seen."),
    # each_arm_zero_held
    ("e01", TWO + "No major amputation was required in either group."),
    ("e02", TWO + "Neither group had any deaths."),
    ("e03", TWO + "No wound infections occurred in both groups."),
    ("e04", THREE + "No deaths occurred in any arm."),
    ("e05", TWO + "No deaths occurred across both groups during follow-up."),
    ("e06", TWO + "Healing rates were similar in both groups, and no serious adverse events occurred."),
    ("e07", THREE + "No cell-related reactions occurred in either cell group."),
    ("e08", SINGLE + "No dose-limiting toxicity was observed in all age groups."),
    # limb-design / harvest zeros
    ("h01", LIMB + "No complications occurred at the bone marrow aspiration site."),
    ("h02", LIMB + "No complications related to the injections were observed."),
    ("h03", LIMB + "No donor-site bleeding occurred."),
    ("h04", TWO + "No complications occurred at the bone marrow harvest site."),
    ("h05", FAT + "No complications of liposuction were observed."),
    ("h06", LIMB + "No infection occurred at the injection sites."),
    ("h07", TWO + "No harvest complications were seen."),
]


def main(out: str) -> None:
    warnings.filterwarnings("ignore")
    from stemfoot.extract.run import extract_records

    res = {}
    for cid, text in CASES:
        (rec,) = extract_records([(cid, text)], pico=False)
        res[cid] = sorted(
            (st.get("target"), st.get("arm"), st.get("total"), st["evidence"]["text"][:60],
             ",".join(f for f in st.get("flags") or () if f in {"untied_zero_together", "zero_of_each_arm",
                                                                "export_gate", "review_attribution"}),
             (st.get("detail") or {}).get("event_placement") or "")
            for st in rec["statistics"] if st["kind"] == "events" and st.get("events") == 0)
    json.dump(res, open(out, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
