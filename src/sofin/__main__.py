from sofin.cli import main

main()
