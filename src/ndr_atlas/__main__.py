from ndr_atlas.launch import run

run()
