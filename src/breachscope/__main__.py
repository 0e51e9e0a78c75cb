from breachscope.cli.app import main

main()
