"""The desktop window: Qt widgets that read and change the plan through the services."""
