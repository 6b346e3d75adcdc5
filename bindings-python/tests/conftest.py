from pathlib import Path

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"
