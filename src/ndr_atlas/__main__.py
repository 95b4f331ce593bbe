from ndr_atlas.cli import run

run()
