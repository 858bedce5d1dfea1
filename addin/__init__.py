"""绩效自评助手的 Excel 加载项与命令行：VBA 工程、功能区、打包与安装，功能区的操作，jixiao 命令，xlwings Lite 版。"""
