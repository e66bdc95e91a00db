from amends.cli.main import run

run()
