import TwinArmCLI
TwinArmCommand.main()
