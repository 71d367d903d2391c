#!/bin/bash
export PYTHONPATH=/work/wt/outverb31/.pkg
exec nice /work/main/.venv/bin/python "$@"
