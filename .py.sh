#!/bin/bash
export PYTHONPATH=/work/wt/s31/.pkg
exec nice /work/main/.venv/bin/python "$@"
