from tfguard.cli import main

main()
